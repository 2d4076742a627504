"""Leaflet's own files, inlined so that a page opens anywhere."""

from __future__ import annotations

from .. import messages
from ..errors import OptionError

LEAFLET_CDN = ("https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js",
               "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css")


def leaflet_assets() -> tuple[str, str]:
    """Leaflet 1.9.4 from the installed ``django-js-lib-leaflet`` package, its images inlined."""
    import base64
    import re
    from importlib import resources

    try:
        folder = resources.files("js_lib_leaflet").joinpath("static", "js_lib_leaflet")
        js = folder.joinpath("leaflet.js").read_text(encoding="utf-8")
        css = folder.joinpath("leaflet.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise OptionError(messages.line("maps__assets_leaflet_files_self")) from exc

    def inline(match: "re.Match[str]") -> str:
        path = folder.joinpath(match.group(1))
        try:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
        except FileNotFoundError:
            return match.group(0)
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    return js.replace("</script", "<\\/script"), css


