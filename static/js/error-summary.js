// A refused form: move the focus to its summary of problems, so that a screen reader reads
// it and a keyboard user starts from it; each item links to its field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
