// Sign-up: choose the browser's time zone in the list (the server preselected the country's; the person can change it).
(() => {
    const select = document.querySelector('select[data-guess-time-zone="true"]');
    let zone;
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
        return;
    }
    if (!select || !zone) return;
    const option = Array.from(select.options).find(o => o.value === zone);
    if (option) select.value = zone;
})();
