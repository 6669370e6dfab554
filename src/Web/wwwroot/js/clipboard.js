// Copies text for the dashboard's copy buttons. navigator.clipboard needs a secure context (https or loopback);
// a dashboard reached over plain http elsewhere falls back to a hidden textarea and execCommand.
export async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            // Permission denied or document not focused: try the fallback below.
        }
    }

    const focused = document.activeElement;
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
        copied = document.execCommand("copy");
    } catch {
        copied = false;
    } finally {
        area.remove();
        if (focused instanceof HTMLElement) {
            focused.focus();
        }
    }

    return copied;
}
