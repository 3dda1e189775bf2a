/* Display toggles (large text, high contrast) and the phone menu. The choice is kept in a
   cookie so the server renders the right class on the next page without a flash. */
(function () {
  "use strict";
  var root = document.documentElement;
  var cookies = { "large-font": "gk_large", "high-contrast": "gk_contrast" };
  function setCookie(name, on) {
    document.cookie = name + "=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        var cls = button.getAttribute("data-toggle");
        var on = !root.classList.contains(cls);
        root.classList.toggle(cls, on);
        button.setAttribute("aria-pressed", on ? "true" : "false");
        setCookie(cookies[cls], on);
      });
    });
    var navToggle = document.querySelector(".nav-toggle");
    if (navToggle) {
      navToggle.addEventListener("click", function () {
        var nav = navToggle.closest(".main-nav");
        var open = nav.classList.toggle("open");
        navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
  });
})();
