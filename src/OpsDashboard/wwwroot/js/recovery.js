// Unattended recovery for wall displays: no "Reload" prompt ever waits for a click.
// - While the circuit is lost, Blazor retries every 2 s.
// - If the server has forgotten the circuit (it restarted), or retries run out, or the circuit failed, the page polls
//   /healthz/live and reloads as soon as the server answers, so a restarted server is back on the wall within seconds.
(() => {
    const modal = () => document.getElementById("components-reconnect-modal");
    let reloading = false;

    async function reloadWhenServerAnswers() {
        if (reloading) {
            return;
        }
        reloading = true;
        for (;;) {
            try {
                const response = await fetch("healthz/live", { cache: "no-store" });
                if (response.ok) {
                    location.reload();
                    return;
                }
            } catch {
                // Server still down: keep polling.
            }
            await new Promise(resolve => setTimeout(resolve, 3000));
        }
    }

    function onStateChanged(event) {
        const dialog = modal();
        switch (event.detail.state) {
            case "show":
                if (dialog && !dialog.open) dialog.showModal();
                break;
            case "hide":
                if (dialog && dialog.open) dialog.close();
                break;
            case "failed":
            case "rejected":
                reloadWhenServerAnswers();
                break;
        }
    }

    // The error UI appears when a circuit dies of an unhandled error; on a wall nobody will click "Reload".
    function watchErrorUi() {
        const errorUi = document.getElementById("blazor-error-ui");
        if (!errorUi) return;
        new MutationObserver(() => {
            if (getComputedStyle(errorUi).display !== "none") setTimeout(reloadWhenServerAnswers, 5000);
        }).observe(errorUi, { attributes: true, attributeFilter: ["style"] });
    }

    // This script runs at the end of <body>, so the dialog and the error UI are already in the document.
    modal()?.addEventListener("components-reconnect-state-changed", onStateChanged);
    watchErrorUi();

    Blazor.start({
        circuit: {
            reconnectionOptions: { maxRetries: 15, retryIntervalMilliseconds: 2000 },
        },
    }).catch(reloadWhenServerAnswers);
})();
