// Behaviour every page may use, declared in markup so pages need no inline script (the Content-Security-Policy
// allows scripts from this site's files only):
//   <form data-confirm="Question?">   asks before submitting
//   <select data-autosubmit>           submits its form when changed
//   <input data-select-on-focus>       selects its text when focused (a secret to copy)
(function () {
    document.addEventListener('submit', e => {
        const form = e.target.closest('form[data-confirm]');
        if (form && !window.confirm(form.dataset.confirm)) e.preventDefault();
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
