// Starts Det Fælles Designsystem's components (mobile menu, accordions, error summary, ...).
// An external file because the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
});
