// Alerts page: one checkbox ticks every alert on the page. Without JavaScript it stays hidden and each alert is
// ticked on its own; the row checkboxes belong to the bulk form through their form attribute.
(function () {
    const page = document.getElementById('alert-page');
    if (!page) return;
    const rows = Array.from(document.querySelectorAll('.alert-row'));
    page.hidden = false;
    function render() {
        const ticked = rows.filter(r => r.checked).length;
        page.checked = ticked > 0 && ticked === rows.length;
        page.indeterminate = ticked > 0 && ticked < rows.length;
    }
    rows.forEach(r => r.addEventListener('change', render));
    page.addEventListener('change', () => {
        rows.forEach(r => { r.checked = page.checked; });
        render();
    });
    render();
})();
