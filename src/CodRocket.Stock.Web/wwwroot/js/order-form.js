// The order form: add and remove lines (renumbering their fields), and suggest SKUs with their available stock.
(() => {
    const lines = document.getElementById('order-lines');
    const renumber = () => lines.querySelectorAll('.order-line-row').forEach((row, i) =>
        row.querySelectorAll('input').forEach(input => {
            input.name = input.name.replace(/Lines\[\d+\]/, `Lines[${i}]`);
            input.id = input.name.replace(/[\[\].]/g, '_');
        }));
    document.getElementById('add-line').addEventListener('click', () => {
        const rows = lines.querySelectorAll('.order-line-row');
        const copy = rows[rows.length - 1].cloneNode(true);
        copy.querySelectorAll('input').forEach(input => input.value = '');
        copy.querySelectorAll('.field-validation-error, .small').forEach(el => el.remove());
        lines.appendChild(copy);
        renumber();
        copy.querySelector('input').focus();
    });
    lines.addEventListener('click', e => {
        const button = e.target.closest('.btn-remove');
        if (!button || lines.querySelectorAll('.order-line-row').length === 1) return;
        button.closest('.order-line-row').remove();
        renumber();
    });
    const options = document.getElementById('sku-options');
    // An ICU plural message from the page ("{0, plural, one {# disponible} other {# disponibles}}"): the case for
    // the number in the page's language, as the server picks it (CodRocket.Stock.Plural).
    const availableText = lines.dataset.availableText;
    const plural = (message, n, lang) => {
        const cases = {};
        message.replace(/(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g, (_, key, text) => { cases[key] = text; });
        const text = cases['=' + n] ?? cases[new Intl.PluralRules(lang).select(n)] ?? cases.other ?? message;
        return text.replace('#', n.toLocaleString(lang));
    };
    let timer;
    lines.addEventListener('input', e => {
        if (!e.target.classList.contains('sku-input')) return;
        clearTimeout(timer);
        const term = e.target.value;
        timer = setTimeout(async () => {
            if (term.length < 1) return;
            const warehouse = document.getElementById('Input_WarehouseId').value;
            const response = await fetch(`?handler=Skus&term=${encodeURIComponent(term)}&warehouse=${encodeURIComponent(warehouse)}`);
            if (!response.ok) return;
            options.replaceChildren(...(await response.json()).map(p => {
                const option = document.createElement('option');
                option.value = p.sku;
                option.label = `${p.name} — ${plural(availableText, p.available, document.documentElement.lang)}`;
                return option;
            }));
        }, 200);
    });
})();
