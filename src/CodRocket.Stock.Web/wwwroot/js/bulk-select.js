// Product list selection: a checkbox per row, one for the page, and "select all N matching this filter", which
// posts the filter (all=true) instead of ids, so tens of thousands of products never travel to the browser.
(function () {
    const form = document.getElementById('bulk-form');
    if (!form) return;
    const rows = Array.from(form.querySelectorAll('.bulk-row'));
    const page = document.getElementById('bulk-page');
    const all = document.getElementById('bulk-all');
    const count = document.getElementById('bulk-count');
    const matching = document.getElementById('bulk-select-matching');
    const clear = document.getElementById('bulk-clear');
    const menu = document.getElementById('bulk-menu');
    const text = (key, n) => form.dataset[key].replace('{0}', n.toLocaleString());

    function render() {
        const selected = rows.filter(r => r.checked).length;
        const everyRow = selected === rows.length;
        page.checked = everyRow;
        page.indeterminate = selected > 0 && !everyRow;
        if (all.value === 'true') {
            count.textContent = form.dataset.matching;
        } else if (selected === 0) {
            count.textContent = form.dataset.none;
        } else {
            count.textContent = everyRow ? text('page', selected) : text('some', selected);
        }
        count.classList.toggle('active', selected > 0);
        if (matching) matching.hidden = !(everyRow && all.value !== 'true');
        clear.hidden = selected === 0;
        menu.disabled = selected === 0;
    }

    rows.forEach(r => r.addEventListener('change', () => { all.value = 'false'; render(); }));
    page.addEventListener('change', () => {
        rows.forEach(r => { r.checked = page.checked; });
        all.value = 'false';
        render();
    });
    if (matching) matching.addEventListener('click', () => { all.value = 'true'; render(); });
    clear.addEventListener('click', () => {
        rows.forEach(r => { r.checked = false; });
        all.value = 'false';
        render();
    });
    render();
})();
