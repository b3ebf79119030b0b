"""The State Council's yearly holiday schedules: import (YAML, Excel), show, the 暂定 notice."""
