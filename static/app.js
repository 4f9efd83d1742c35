// esf-ledger: the little the pages do with a script (everything works without it).
// The upload's progress bar follows htmx's upload progress.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress");
  if (bar && event.detail && event.detail.lengthComputable && event.detail.total > 0) {
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    bar.value = percent;
    bar.textContent = percent + " %";
  }
});
