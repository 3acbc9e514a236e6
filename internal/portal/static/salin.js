// Adds a "Salin" (copy) button beside each read-only link field. Without
// this file the field still works: readers select the text and copy it.
document.querySelectorAll("input[data-copy]").forEach(function (input) {
  var button = document.createElement("button");
  var status = document.createElement("span");
  button.type = "button";
  button.textContent = "Salin";
  status.setAttribute("role", "status");
  status.className = "copy-status";
  button.addEventListener("click", function () {
    input.select();
    var done = function () { status.textContent = "Tautan tersalin."; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });
  input.insertAdjacentElement("afterend", status);
  input.insertAdjacentElement("afterend", button);
});
