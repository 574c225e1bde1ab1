// Show a progress indicator while the server checks or applies an uploaded file. The form
// works without JavaScript; this only tells the person that something is happening.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("upload-form");
  var progress = document.getElementById("upload-progress");
  if (!form || !progress) { return; }
  form.addEventListener("submit", function () { progress.hidden = false; });
});
