// The author list of the paper form: add, remove and reorder rows in place.
// Progressive only: without this script "Add an author" reloads the form with an empty row,
// and each row has a position number and a remove box, which this script hides and drives.
(function () {
  "use strict";
  var list = document.querySelector("[data-author-rows]");
  var template = document.getElementById("author-row-template");
  var addButton = document.querySelector("[data-add-author]");
  if (!list || !template || !addButton) return;
  var form = list.closest("form");
  var total = form.querySelector('input[name$="-TOTAL_FORMS"]');
  var maxForms = form.querySelector('input[name$="-MAX_NUM_FORMS"]');
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  list.parentNode.insertBefore(status, list.nextSibling);

  function visibleRows() {
    return Array.prototype.filter.call(list.children, function (row) { return !row.hidden; });
  }

  function describe(row) {
    var name = row.querySelector('input[name$="-name"]');
    return (name && name.value) || "The author";
  }

  function renumber() {
    var rows = visibleRows();
    rows.forEach(function (row, index) {
      row.querySelector(".author-position").value = index + 1;
      row.querySelector("[data-move='-1']").disabled = index === 0;
      row.querySelector("[data-move='1']").disabled = index === rows.length - 1;
      row.querySelector("[data-remove]").disabled = rows.length === 1;
    });
  }

  function button(label, text, attribute, value) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary small";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.setAttribute(attribute, value);
    return b;
  }

  function move(row, step) {
    var rows = visibleRows();
    var target = rows[rows.indexOf(row) + step];
    if (!target) return;
    if (step < 0) list.insertBefore(row, target);
    else list.insertBefore(target, row);
    renumber();
    row.querySelector("[data-move='" + step + "']").focus();
    status.textContent = describe(row) + " is now author " + (visibleRows().indexOf(row) + 1) + ".";
  }

  function remove(row) {
    var rows = visibleRows();
    var next = rows[rows.indexOf(row) + 1] || rows[rows.indexOf(row) - 1];
    row.querySelector(".author-remove").checked = true;
    row.hidden = true;
    renumber();
    status.textContent = describe(row) + " was removed from the authors.";
    if (next) next.querySelector("input").focus();
  }

  function enhance(row) {
    row.querySelector("[data-no-js-controls]").hidden = true;
    var controls = document.createElement("div");
    controls.className = "author-buttons";
    var up = button("Move this author up", "↑ Up", "data-move", "-1");
    var down = button("Move this author down", "↓ Down", "data-move", "1");
    var drop = button("Remove this author", "Remove", "data-remove", "1");
    up.addEventListener("click", function () { move(row, -1); });
    down.addEventListener("click", function () { move(row, 1); });
    drop.addEventListener("click", function () { remove(row); });
    controls.append(up, down, drop);
    row.appendChild(controls);
    // A row removed before a refused submit stays removed on the page that shows the refusal.
    if (row.querySelector(".author-remove").checked) row.hidden = true;
  }

  function add() {
    var index = parseInt(total.value, 10);
    if (maxForms && index >= parseInt(maxForms.value, 10)) {
      status.textContent = "A paper lists at most " + maxForms.value + " authors.";
      return;
    }
    var holder = document.createElement("ol");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    list.appendChild(row);
    total.value = index + 1;
    enhance(row);
    renumber();
    row.querySelector('input[name$="-name"]').focus();
  }

  // A form shown again (a refused PDF) lists rows in posted order; show them in the order
  // their positions say, as the server will store them (rows without one go last).
  function position(row) {
    var value = parseInt(row.querySelector(".author-position").value, 10);
    return isNaN(value) ? Infinity : value;
  }
  Array.prototype.slice.call(list.children)
    .map(function (row, index) { return { row: row, index: index }; })
    .sort(function (a, b) { return position(a.row) - position(b.row) || a.index - b.index; })
    .forEach(function (item) { list.appendChild(item.row); });
  Array.prototype.forEach.call(list.children, enhance);
  renumber();
  addButton.type = "button";
  addButton.addEventListener("click", add);
})();
