// Confirmation before destructive actions: <form class="confirm-form" data-confirm="...">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.classList && form.classList.contains("confirm-form")) {
    if (!window.confirm(form.getAttribute("data-confirm") || "确定执行此操作？")) {
      event.preventDefault();
    }
  }
});
