// Behaviour every page may use, declared in markup so pages need no inline script (the Content-Security-Policy
// allows scripts from this site's files only):
//   data-confirm="Question?"          on a submit button or form: asks in a dialog before posting
//   <select data-autosubmit>           submits its form when changed
//   <input data-select-on-focus>       selects its text when focused (a secret to copy)
(function () {
    // A button (or form) with data-confirm="Question?" data-confirm-detail="What happens" data-confirm-label="Do it"
    // opens the page's confirmation dialog; confirming posts the form with confirmed=true, which the handler needs
    // before acting (without JavaScript it answers a confirmation page instead: Infrastructure/Confirmation.cs).
    document.addEventListener('submit', e => {
        const form = e.target;
        const source = (e.submitter && e.submitter.closest('[data-confirm]')) || form.closest('form[data-confirm]');
        if (!source || form.dataset.confirmed === 'yes') return;
        e.preventDefault();
        const submitter = e.submitter;
        const go = () => {
            const field = document.createElement('input');
            field.type = 'hidden'; field.name = 'confirmed'; field.value = 'true';
            form.appendChild(field);
            form.dataset.confirmed = 'yes';
            form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        };
        const dialog = document.getElementById('confirm-dialog');
        if (!dialog || typeof dialog.showModal !== 'function') {
            if (window.confirm(source.dataset.confirm)) go();
            return;
        }
        dialog.querySelector('h2').textContent = source.dataset.confirm;
        dialog.querySelector('p').textContent = source.dataset.confirmDetail || '';
        dialog.querySelector('[value=confirm]').textContent = source.dataset.confirmLabel || (submitter ? submitter.textContent.trim() : 'OK');
        dialog.returnValue = '';
        dialog.addEventListener('close', () => { if (dialog.returnValue === 'confirm') go(); }, { once: true });
        dialog.showModal();
    });
    document.addEventListener('change', e => {
        if (e.target.matches('select[data-autosubmit]') && e.target.form) e.target.form.submit();
    });
    document.addEventListener('focusin', e => {
        if (e.target.matches('input[data-select-on-focus]')) e.target.select();
    });
})();

// Dropdown menus position against the viewport, so a menu inside a scrolling table (Snooze) is not cut off by it.
if (window.bootstrap) {
    bootstrap.Dropdown.Default.popperConfig = config => ({ ...config, strategy: 'fixed' });
}

// A table wider than the screen scrolls inside its box: keyboards reach it (tab to it, then arrow keys) and screen
// readers hear what it holds, named after its card's header or the page's heading.
(function () {
    const label = box => {
        const header = box.closest('.card') && box.closest('.card').querySelector('.card-header');
        const caption = box.querySelector('caption');
        const text = (caption || header || document.querySelector('h1') || document).textContent || '';
        return text.replace(/\s+/g, ' ').trim();
    };
    const mark = () => document.querySelectorAll('.table-responsive').forEach(box => {
        if (box.scrollWidth > box.clientWidth + 1) {
            if (!box.hasAttribute('tabindex')) {
                box.tabIndex = 0;
                box.setAttribute('role', 'region');
                box.setAttribute('aria-label', label(box));
            }
        } else if (box.getAttribute('role') === 'region') {
            box.removeAttribute('tabindex');
            box.removeAttribute('role');
            box.removeAttribute('aria-label');
        }
    });
    mark();
    window.addEventListener('resize', mark);
})();
