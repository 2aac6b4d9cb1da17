// Keyboard shortcuts of the dashboard: an element with data-key="x" is clicked when x is pressed outside a text field
// (J/K walk the alert queue, C/R confirm or reject, Enter opens the first alert); Space plays or pauses the alert's
// clip and N the normal reference. Blazor re-renders pages, so the listener looks the elements up on each key.
(() => {
  const typing = (el) => el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  const toggle = (id) => {
    const audio = document.getElementById(id);
    if (!audio) return false;
    for (const other of document.querySelectorAll("audio")) if (other !== audio) other.pause();
    if (audio.paused) audio.play(); else audio.pause();
    return true;
  };
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
    if (e.key === " " && toggle("clip-audio")) { e.preventDefault(); return; }
    if ((e.key === "n" || e.key === "N") && toggle("reference-audio")) { e.preventDefault(); return; }
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const target = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (target) { e.preventDefault(); target.click(); }
  });
})();
