// Ask before leaving a page whose form holds typed but unsaved changes (no inline script: strict CSP).
// Every POST form is watched; <form data-unsaved="off"> opts out. Submitting a form saves it, so the
// question is not asked for the navigation the submit itself starts.
(function () {
  "use strict";
  var submitting = false;

  function changed(element) {
    var type = (element.type || "").toLowerCase();
    if (type === "hidden" || type === "submit" || type === "button" || type === "password" || element.disabled) {
      return false;
    }
    if (type === "checkbox" || type === "radio") {
      return element.checked !== element.defaultChecked;
    }
    if (type === "file") {
      return element.files && element.files.length > 0;
    }
    if (element.tagName === "SELECT") {
      for (var i = 0; i < element.options.length; i += 1) {
        if (element.options[i].selected !== element.options[i].defaultSelected) {
          return true;
        }
      }
      return false;
    }
    return "defaultValue" in element && element.value !== element.defaultValue;
  }

  function dirty() {
    var forms = document.querySelectorAll("form");
    for (var f = 0; f < forms.length; f += 1) {
      var form = forms[f];
      if ((form.getAttribute("method") || "get").toLowerCase() !== "post" || form.dataset.unsaved === "off") {
        continue;
      }
      for (var e = 0; e < form.elements.length; e += 1) {
        if (changed(form.elements[e])) {
          return true;
        }
      }
    }
    return false;
  }

  document.addEventListener("submit", function (event) {
    submitting = true;
    // another listener (a confirmation answered 取消) may cancel this submit: look once the event has run
    window.setTimeout(function () {
      if (event.defaultPrevented) {
        submitting = false;
      }
    }, 0);
  });

  window.addEventListener("pageshow", function () {
    submitting = false; // back from the cache after a submit
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !dirty()) {
      return undefined;
    }
    event.preventDefault();
    event.returnValue = "页面上有尚未保存的修改，确定离开吗？";
    return event.returnValue;
  });
})();
