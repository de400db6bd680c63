// Bids save as soon as a choice is made, through the JSON API, without reloading the page.
// Without this script every bid form is a plain form with a "Save bid" button.
(function () {
  "use strict";
  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function labelOf(form, value) {
    var input = form.querySelector("input[name=preference][value='" + value + "']");
    return input && input.parentNode ? input.parentNode.textContent.trim() : value;
  }
  document.querySelectorAll("form.bid-form").forEach(function (form) {
    var status = form.querySelector(".bid-status");
    var save = form.querySelector(".bid-save");
    if (save) save.hidden = true;
    var previous = (form.querySelector("input[name=preference]:checked") || {}).value;
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name !== "preference") return;
      var value = input.value;
      if (value === "conflict" && !window.confirm(
        "Declare a conflict with paper #" + form.dataset.number +
        "? It will be hidden from you for good.")) {
        var back = form.querySelector("input[name=preference][value='" + previous + "']");
        if (back) back.checked = true;
        return;
      }
      status.textContent = "Saving…";
      fetch(form.dataset.api, {
        method: "PUT",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": csrfToken(form),
        },
        body: JSON.stringify({ preference: value }),
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            var detail = body.detail || (body.preference || body.non_field_errors || [])[0];
            throw new Error(detail || "The bid was not saved (" + response.status + ").");
          }
          return body;
        });
      }).then(function (body) {
        previous = value;
        if (body.hidden) {
          var item = form.closest(".bid-paper");
          status.textContent = "Conflict declared; the paper is hidden from you.";
          if (item && item.parentNode && item.tagName === "LI") {
            window.setTimeout(function () { item.remove(); }, 1200);
          }
          return;
        }
        status.textContent = "Saved: " + labelOf(form, value);
      }).catch(function (error) {
        status.textContent = error.message;
        var back = form.querySelector("input[name=preference][value='" + previous + "']");
        if (back) back.checked = true;
      });
    });
  });
})();
