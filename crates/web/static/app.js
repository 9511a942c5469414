// Progressive enhancement only: every page works without this file.
// Live member search: as the person types, fetch the same page and swap in its results.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  var results = document.getElementById("member-results");
  if (!form || !results || !window.fetch || !window.DOMParser) { return; }
  var input = form.querySelector("input[type=search]");
  var timer = null;
  var latest = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var request = ++latest;
      var query = new URLSearchParams(new FormData(form)).toString();
      var url = form.getAttribute("action") + "?" + query;
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          if (request !== latest) { return; }
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("member-results");
          if (fresh) {
            results.innerHTML = fresh.innerHTML;
            history.replaceState(null, "", url);
          }
        })
        .catch(function () { /* the Search button still works */ });
    }, 250);
  });
})();
