// Confirmations of actions only the state can undo (seats.web.confirm). A form with
// data-confirm-dialog="ID" opens the USWDS modal ID (components/confirm.html, mode "form")
// instead of sending; its confirming button sends the form with confirmed=1, Cancel (USWDS)
// closes it. data-confirm-when="NAME" asks only when the chosen option of select NAME has
// data-closes; the chosen option (or data-confirm-fill-from="NAME"'s value) fills
// [data-confirm-fill]; checked boxes with data-label fill [data-confirm-count] and
// [data-confirm-list]. A button marked data-confirm-server is confirmed on the server's page.
// Without JavaScript, or before USWDS has set the modal up, the server shows the same
// confirmation as a page: nothing here is needed for safety.
(function () {
  var BOXES = "input[type=checkbox][data-label]";

  function needed(form) {
    if (form.querySelector(BOXES) && !form.querySelector(BOXES + ":checked")) { return false; }
    var name = form.getAttribute("data-confirm-when");
    if (!name) { return true; }
    var select = form.elements[name];
    var option = select && select.options[select.selectedIndex];
    return Boolean(option && option.hasAttribute("data-closes"));
  }

  function fill(form, modal) {
    var name = form.getAttribute("data-confirm-fill-from") || form.getAttribute("data-confirm-when");
    var target = modal.querySelector("[data-confirm-fill]");
    var field = name && form.elements[name];
    if (field && target) {
      target.textContent = field.options ? field.options[field.selectedIndex].text : field.value;
    }
    var checked = form.querySelectorAll(BOXES + ":checked");
    var count = modal.querySelector("[data-confirm-count]");
    if (count) { count.textContent = String(checked.length); }
    var list = modal.querySelector("[data-confirm-list]");
    if (list) {
      list.replaceChildren();
      checked.forEach(function (box) {
        var item = document.createElement("li");
        item.textContent = box.getAttribute("data-label");
        list.appendChild(item);
      });
    }
  }

  function confirmedSend(modal) {
    var form = modal.seatsForm;
    if (!form) { return; }
    var flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "confirmed";
    flag.value = "1";
    form.appendChild(flag);
    if (modal.seatsSubmitter && form.requestSubmit) {
      form.requestSubmit(modal.seatsSubmitter);
    } else {
      form.submit();
    }
  }

  function bindForm(form) {
    if (form.hasAttribute("data-confirm-bound")) { return; }
    form.setAttribute("data-confirm-bound", "");
    var id = form.getAttribute("data-confirm-dialog");
    form.addEventListener("submit", function (event) {
      if (form.querySelector("input[name=confirmed]") || !needed(form)) { return; }
      if (event.submitter && event.submitter.hasAttribute("data-confirm-server")) { return; }
      var modal = document.getElementById(id);  // USWDS moves the id to its wrapper
      var opener = document.querySelector('[data-confirm-opener="' + id + '"]');
      if (!modal || !opener || !modal.classList.contains("usa-modal-wrapper")) { return; }
      event.preventDefault();
      modal.seatsForm = form;
      modal.seatsSubmitter = event.submitter || null;
      fill(form, modal);
      if (!modal.hasAttribute("data-confirm-bound")) {
        modal.setAttribute("data-confirm-bound", "");
        modal.querySelector("[data-confirm-yes]").addEventListener("click", function () {
          confirmedSend(modal);
        });
      }
      opener.click();
    });
  }

  function bindSelectAll(all) {
    if (all.hasAttribute("data-confirm-bound")) { return; }
    all.setAttribute("data-confirm-bound", "");
    all.hidden = false;
    var name = all.getAttribute("data-select-all");
    all.addEventListener("change", function () {
      all.form.querySelectorAll("input[type=checkbox][name=" + name + "]").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }

  function bind(root) {
    root.querySelectorAll("form[data-confirm-dialog]").forEach(bindForm);
    // Select all on the page: a checkbox with data-select-all="NAME" checks every box NAME.
    root.querySelectorAll("input[data-select-all]").forEach(bindSelectAll);
  }

  // On the page, and on what htmx swaps in (the queue's sorted or paged results).
  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:load", function (event) {
    bind(event.target && event.target.querySelectorAll ? event.target : document);
  });
})();
