"""健康杭州任务督办系统 (Healthy Hangzhou task supervision). The application factory is `supervision.app`."""
