// 常用语: choosing a phrase from a <select data-phrases-for="field"> appends it to that textarea of
// the same form (progressive enhancement: without scripts the textarea works as before).
document.addEventListener("change", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.phrasesFor || !select.value) return;
  const area = select.form && select.form.elements.namedItem(select.dataset.phrasesFor);
  if (area instanceof HTMLTextAreaElement) {
    area.value = area.value ? `${area.value}${area.value.endsWith("\n") ? "" : "\n"}${select.value}` : select.value;
    area.focus();
  }
  select.value = "";
});
