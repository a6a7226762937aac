// A wall display has no scrollbar and nobody to scroll it: a tile below the screen's edge is a tile nobody sees. The wall
// is zoomed out, in steps of 5 %, until all of it fits the screen, whenever it is laid out anew (a tile or a group more
// or fewer, a longer sentence, another screen size); one pass is a few layouts of a small page, and nothing is painted
// in between.
(() => {
    const minZoom = 0.5;

    function fits() {
        return document.documentElement.scrollHeight <= window.innerHeight + 1;
    }

    function fit() {
        const wall = document.querySelector(".wall");
        if (!wall) return;
        let zoom = 1;
        wall.style.zoom = "1";
        while (!fits() && zoom > minZoom) {
            zoom = Math.round((zoom - 0.05) * 100) / 100;
            wall.style.zoom = String(zoom);
        }

        if (zoom === 1) wall.style.removeProperty("zoom");
    }

    window.addEventListener("resize", fit);
    setInterval(fit, 2000);
    fit();
})();
