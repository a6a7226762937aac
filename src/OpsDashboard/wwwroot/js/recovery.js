// Unattended recovery for wall displays: no "Reload" prompt ever waits for a click.
// - While the circuit is lost, Blazor retries every 2 s for 3 minutes, as long as the server keeps a disconnected
//   circuit (DisconnectedCircuitRetentionPeriod), so a network cut shorter than that resumes the same page, no reload.
// - If the server has forgotten the circuit (it restarted), or retries run out, or the circuit failed, the page polls
//   /healthz/live and reloads as soon as the server answers, so a restarted server is back on the wall within seconds.
// - Pages with a [data-heartbeat] element (the wall's clock, ticked by the server every second) also reload when the
//   heartbeat stops for 30 s while Blazor is not reconnecting, whatever the cause: a circuit that never started, a
//   stuck connection, a dead tab.
(() => {
    const modal = () => document.getElementById("components-reconnect-modal");
    let reloading = false;
    let reconnecting = false;

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
                reconnecting = true;
                if (dialog && !dialog.open) dialog.showModal();
                break;
            case "hide":
                reconnecting = false;
                if (dialog && dialog.open) dialog.close();
                break;
            case "failed":
            case "rejected":
                reconnecting = false;
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

    function watchHeartbeat() {
        let last = null;
        let lastChange = Date.now();
        setInterval(() => {
            const beat = document.querySelector("[data-heartbeat]");
            if (!beat) return;
            if (beat.textContent !== last || reconnecting) {
                last = beat.textContent;
                lastChange = Date.now();
            } else if (Date.now() - lastChange > 30000) {
                reloadWhenServerAnswers();
            }
        }, 2000);
    }

    // This script runs at the end of <body>, so the dialog and the error UI are already in the document.
    modal()?.addEventListener("components-reconnect-state-changed", onStateChanged);
    watchErrorUi();
    watchHeartbeat();

    Blazor.start({
        circuit: {
            // dialogId must be repeated: these options replace the defaults as a whole.
            reconnectionOptions: { maxRetries: 90, retryIntervalMilliseconds: 2000, dialogId: "components-reconnect-modal" },
        },
    }).catch(reloadWhenServerAnswers);
})();
