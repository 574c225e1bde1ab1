// Confirmations of actions only the state can undo (seats.web.confirm). A form with
// data-confirm-dialog="ID" opens <dialog id="ID"> (templates/web/components/confirm.html)
// instead of sending; Confirm sends the form with confirmed=1, Go back closes the dialog.
// data-confirm-when="NAME" asks only when the chosen option of select NAME has data-closes;
// the chosen option (or data-confirm-fill-from="NAME"'s value) fills [data-confirm-fill].
// Without JavaScript the server shows the same confirmation as a page.
function seatsConfirmBind(root) {
  root.querySelectorAll("form[data-confirm-dialog]").forEach(function (form) {
    if (form.hasAttribute("data-confirm-bound")) { return; }
    form.setAttribute("data-confirm-bound", "");
    var dialog = document.getElementById(form.getAttribute("data-confirm-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    var submitter = null;
    function needed() {
      var boxes = "input[type=checkbox][data-label]";
      if (form.querySelector(boxes) && !form.querySelector(boxes + ":checked")) { return false; }
      var name = form.getAttribute("data-confirm-when");
      if (!name) { return true; }
      var select = form.elements[name];
      var option = select && select.options[select.selectedIndex];
      return Boolean(option && option.hasAttribute("data-closes"));
    }
    function fill() {
      var name = form.getAttribute("data-confirm-fill-from") || form.getAttribute("data-confirm-when");
      var target = dialog.querySelector("[data-confirm-fill]");
      var field = name && form.elements[name];
      if (field && target) {
        target.textContent = field.options ? field.options[field.selectedIndex].text : field.value;
      }
      var checked = form.querySelectorAll("input[type=checkbox][data-label]:checked");
      var count = dialog.querySelector("[data-confirm-count]");
      if (count) { count.textContent = String(checked.length); }
      var list = dialog.querySelector("[data-confirm-list]");
      if (list) {
        list.replaceChildren();
        checked.forEach(function (box) {
          var item = document.createElement("li");
          item.textContent = box.getAttribute("data-label");
          list.appendChild(item);
        });
      }
    }
    form.addEventListener("submit", function (event) {
      if (form.querySelector("input[name=confirmed]") || !needed()) { return; }
      // A button marked data-confirm-server is confirmed on the server's own page.
      if (event.submitter && event.submitter.hasAttribute("data-confirm-server")) { return; }
      event.preventDefault();
      submitter = event.submitter || null;
      fill();
      dialog.showModal();
    });
    dialog.querySelector("[data-confirm-yes]").addEventListener("click", function () {
      var flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirmed";
      flag.value = "1";
      form.appendChild(flag);
      dialog.close();
      if (submitter && form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
    });
    dialog.querySelector("[data-confirm-no]").addEventListener("click", function () {
      dialog.close();
    });
  });
  // Select all on the page: a checkbox with data-select-all="NAME" checks every box NAME.
  root.querySelectorAll("input[data-select-all]").forEach(function (all) {
    if (all.hasAttribute("data-confirm-bound")) { return; }
    all.setAttribute("data-confirm-bound", "");
    all.hidden = false;
    var name = all.getAttribute("data-select-all");
    all.addEventListener("change", function () {
      all.form.querySelectorAll("input[type=checkbox][name=" + name + "]").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
}
// On the page, and on what htmx swaps in (the queue's sorted or paged results).
document.addEventListener("DOMContentLoaded", function () { seatsConfirmBind(document); });
document.addEventListener("htmx:load", function (event) {
  var root = event.target && event.target.querySelectorAll ? event.target : document;
  seatsConfirmBind(root);
});
