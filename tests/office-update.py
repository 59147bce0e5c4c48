"""LibreOffice opens a document, updates its indexes (contents, list of figures) as Tools > Update > Update All
does, and exports it to PDF: python3 office-update.py DOCUMENT PDF PROFILE-FOLDER. Run with Debian's python3, which
has LibreOffice's UNO bridge (python3-uno)."""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    each = PropertyValue()
    each.Name = name
    each.Value = value
    return each


document, pdf, profile = sys.argv[1:4]
pipe = f"office-update-{os.getpid()}"
office = subprocess.Popen(
    [
        "soffice",
        "--headless",
        "--invisible",
        "--norestore",
        f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
        f"--accept=pipe,name={pipe};urp;",
    ],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    else:
        sys.exit("LibreOffice did not start")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(document), "_blank", 0, (prop("Hidden", True),))
    indexes = doc.getDocumentIndexes()
    for index in range(indexes.getCount()):
        indexes.getByIndex(index).update()
    doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", "writer_pdf_Export"),))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass  # LibreOffice ends the bridge as it quits.
    office.wait(timeout=60)
finally:
    if office.poll() is None:
        office.kill()
