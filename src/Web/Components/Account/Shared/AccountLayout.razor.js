// Static forms have no circuit to show progress: mark the pressed submit button busy until the next page arrives.
document.addEventListener('submit', event => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest('.account-card')) {
        return;
    }

    const button = form.querySelector('button[type=submit]');
    if (button) {
        button.setAttribute('aria-busy', 'true');
        button.classList.add('is-busy');
    }
});
