// Progressive enhancement only: every page works without this file.
// [data-copy]: copies the text of the input it names to the clipboard ("Copy link", SW-5).
// [data-print]: the browser's print dialog (an invoice to paper or PDF).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select(); // no clipboard access: leave the link selected for Ctrl+C
    return;
  }
  const status = button.parentElement.querySelector("[role=status]");
  if (status) status.textContent = button.dataset.copied;
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
