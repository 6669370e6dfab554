// The .NET 9 client that serves this app (see build/BlazorWebScript.targets) only toggles classes on the
// modal; the two states that need script are handled here. Also correct under the .NET 10 client, which
// toggles the same classes.
const modal = document.getElementById("components-reconnect-modal");
const retryButton = document.getElementById("components-reconnect-button");

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        // false: the server answered but no longer holds the circuit (it restarted), so start afresh.
        if (!await Blazor.reconnect()) {
            location.reload();
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        retry();
    }
}

new MutationObserver(() => {
    if (modal.classList.contains("components-reconnect-rejected")) {
        location.reload();
    } else if (modal.classList.contains("components-reconnect-failed")) {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}).observe(modal, { attributes: true, attributeFilter: ["class"] });

retryButton.addEventListener("click", retry);
