// Searchable multi-select (department picker) over a native <select multiple data-picker>.
// Without JavaScript the native select works as before; with it the select is hidden and kept in sync.
// Keyboard: type to filter, ArrowUp/ArrowDown to move, Enter or Space to toggle, Escape to close,
// Backspace in the empty filter removes the last chosen item. Chosen items are removable chips.
(function () {
  "use strict";
  var counter = 0;

  function build(select) {
    counter += 1;
    var id = "picker-" + counter;
    var label = document.querySelector('label[for="' + select.id + '"]');
    var root = document.createElement("div");
    root.className = "picker";
    var chips = document.createElement("ul");
    chips.className = "picker-chips list-unstyled";
    chips.setAttribute("aria-label", (label ? label.textContent : "") + "已选");
    chips.setAttribute("aria-live", "polite");
    var input = document.createElement("input");
    input.type = "text";
    input.className = "form-control picker-input";
    input.id = id + "-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    input.setAttribute("autocomplete", "off");
    input.placeholder = select.getAttribute("data-placeholder") || "输入名称筛选，↑↓ 选择，回车或空格勾选";
    var list = document.createElement("ul");
    list.className = "picker-list list-unstyled";
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-multiselectable", "true");
    list.hidden = true;
    var empty = document.createElement("li");
    empty.className = "picker-empty";
    empty.textContent = "没有匹配的部门";
    var active = -1;
    var navigated = false;
    var items = [];

    Array.prototype.forEach.call(select.options, function (option, index) {
      var li = document.createElement("li");
      li.id = id + "-opt-" + index;
      li.className = "picker-option";
      li.setAttribute("role", "option");
      li.textContent = option.textContent;
      li.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the filter
        toggle(index);
      });
      list.appendChild(li);
      items.push({ option: option, li: li, text: option.textContent.toLowerCase() });
    });
    list.appendChild(empty);

    function visible() {
      return items.filter(function (item) { return !item.li.hidden; });
    }

    function render() {
      chips.textContent = "";
      items.forEach(function (item, index) {
        item.li.setAttribute("aria-selected", item.option.selected ? "true" : "false");
        if (!item.option.selected) return;
        var chip = document.createElement("li");
        chip.className = "picker-chip";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-primary";
        button.textContent = item.option.textContent + " ×";
        button.setAttribute("aria-label", "移除 " + item.option.textContent);
        button.addEventListener("click", function () {
          toggle(index);
          input.focus();
        });
        chip.appendChild(button);
        chips.appendChild(chip);
      });
      if (!chips.children.length) {
        var none = document.createElement("li");
        none.className = "picker-none text-muted small";
        none.textContent = "尚未选择";
        chips.appendChild(none);
      }
    }

    function toggle(index) {
      var option = items[index].option;
      option.selected = !option.selected;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      render();
    }

    function filter() {
      var term = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        item.li.hidden = term !== "" && item.text.indexOf(term) === -1;
        if (!item.li.hidden) shown += 1;
      });
      empty.hidden = shown > 0;
      setActive(shown ? 0 : -1);
    }

    function setActive(position) {
      var shown = visible();
      items.forEach(function (item) { item.li.classList.remove("active"); });
      active = position;
      if (position < 0 || !shown.length) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var li = shown[position].li;
      li.classList.add("active");
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      navigated = false;
    }

    input.addEventListener("focus", function () { open(); if (active < 0) filter(); });
    input.addEventListener("blur", close);
    input.addEventListener("input", function () { open(); navigated = false; filter(); });
    input.addEventListener("keydown", function (event) {
      var shown = visible();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        open();
        navigated = true;
        if (!shown.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? 0 : (active + step + shown.length) % shown.length);
      } else if ((event.key === "Enter" || (event.key === " " && (navigated || input.value === ""))) && active >= 0 && !list.hidden) {
        event.preventDefault(); // never submit the form from the filter
        toggle(items.indexOf(shown[active]));
      } else if (event.key === "Enter") {
        event.preventDefault();
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Backspace" && input.value === "") {
        var chosen = items.filter(function (item) { return item.option.selected; });
        if (chosen.length) toggle(items.indexOf(chosen[chosen.length - 1]));
      }
    });

    root.appendChild(chips);
    root.appendChild(input);
    root.appendChild(list);
    select.classList.add("picker-native");
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(root, select.nextSibling);
    if (label) label.setAttribute("for", input.id);
    var hint = document.querySelector('[data-picker-hint="' + select.id + '"]');
    if (hint) hint.hidden = true;
    render();
  }

  document.querySelectorAll("select[multiple][data-picker]").forEach(build);
})();
