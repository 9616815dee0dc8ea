#!/usr/bin/env python3
"""Where a PDF render's time goes, from a JFR recording of DocumentPdfBenchmark (bench/pdf/run.sh PROFILE=1).

Usage: profile.py <samples.json>   (jfr print --json --stack-depth 512 --events jdk.ExecutionSample,jdk.NativeMethodSample)

Counts the CPU samples of the benchmark's thread (Java and native code, both every 10 ms with
bench/pdf/sampling.jfc) and prints:
- the phase of the render each sample is in (the outermost matching frame: model, template,
  renderer set-up, layout, paint, save, ...);
- areas that cut across phases (a sample counts in each area one of its frames belongs to, so
  these may add up to more than 100 %): CSS parsing, selector matching, font subsetting, Deflate
  compression, text measuring, ...;
- the 25 methods the samples were in (self time).
"""
import collections
import json
import sys

# Outermost frame first: the first of these found, from the thread's start inwards, names the phase.
PHASES = [
    ("model (DocumentModel)", ("dev.passerelle.invoicing.pdf.DocumentModel.",)),
    ("template fill (DOM copy + values)", ("dev.passerelle.invoicing.pdf.XhtmlTemplate.fill",)),
    ("fonts: parsed pair borrowed", ("dev.passerelle.invoicing.pdf.DocumentPdfs.borrowFonts",)),
    ("fonts: PDType0Font.load per render", ("dev.passerelle.invoicing.pdf.DocumentPdfs.embed",)),
    ("renderer set-up (builder, CSS of the document, font resolver)",
     ("com.openhtmltopdf.pdfboxout.PdfBoxRenderer.<init>",)),
    ("layout (boxes, styles, line breaking, pages)", ("com.openhtmltopdf.pdfboxout.PdfBoxRenderer.layout",)),
    ("paint (content streams)", ("com.openhtmltopdf.pdfboxout.PdfBoxRenderer.writePDFFast",)),
    ("save (subsets, compression, writing)", ("org.apache.pdfbox.pdmodel.PDDocument.save",)),
    ("close", ("org.apache.pdfbox.pdmodel.PDDocument.close", "com.openhtmltopdf.pdfboxout.PdfBoxRenderer.close",
               "com.openhtmltopdf.pdfboxout.PdfBoxRenderer.cleanup")),
]

# A sample counts in every area one of its frames starts with.
AREAS = [
    ("CSS parsing (CSSParser)", ("com.openhtmltopdf.css.parser.",)),
    ("CSS selector matching and cascade", ("com.openhtmltopdf.css.newmatch.",)),
    ("computed styles (CalculatedStyle, derived values)", ("com.openhtmltopdf.css.style.",)),
    ("standard 14 fonts set up per render (PDType1Font)", ("org.apache.pdfbox.pdmodel.font.PDType1Font.<init>",)),
    ("font subsetting on save (TrueTypeEmbedder.subset)", ("org.apache.pdfbox.pdmodel.font.TrueTypeEmbedder.subset",)),
    ("  of which TTFSubsetter", ("org.apache.fontbox.ttf.TTFSubsetter.",)),
    ("Deflate compression (java.util.zip.Deflater)", ("java.util.zip.Deflater.",)),
    ("PDF objects written (COSWriter)", ("org.apache.pdfbox.pdfwriter.COSWriter.",)),
    ("text measuring (string widths)", ("com.openhtmltopdf.pdfboxout.PdfBoxTextRenderer.getWidth",
                                        "org.apache.pdfbox.pdmodel.font.PDFont.getStringWidth")),
    ("line breaking (Breaker)", ("com.openhtmltopdf.layout.Breaker.",)),
    ("text drawn (PDPageContentStream.showText)", ("org.apache.pdfbox.pdmodel.PDPageContentStream.showText",)),
    ("table layout (TableBox)", ("com.openhtmltopdf.newtable.",)),
    ("logging (XRLog, SLF4J)", ("com.openhtmltopdf.util.XRLog.", "org.slf4j.", "ch.qos.logback.")),
    ("DOM copy (cloneNode)", ("com.sun.org.apache.xerces.internal.dom.", )),
    ("number and date formatting", ("java.text.", "java.time.format.")),
]


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    out = []
    for f in stack.get("frames", []):
        m = f.get("method") or {}
        t = (m.get("type") or {}).get("name", "?").replace("/", ".")
        out.append(t + "." + m.get("name", "?"))
    return out, stack.get("truncated", False)


def main(path):
    with open(path, encoding="utf-8") as f:
        events = json.load(f)["recording"]["events"]
    phases = collections.Counter()
    areas = collections.Counter()
    self_time = collections.Counter()
    total = truncated = 0
    for e in events:
        thread = e["values"].get("sampledThread") or {}
        name = thread.get("javaName") or thread.get("osName") or ""
        if "jmh-worker" not in name:
            continue
        stack, cut = frames(e)  # innermost first
        if not stack:
            continue
        total += 1
        truncated += cut
        self_time[stack[0]] += 1
        phase = "other"
        for frame in reversed(stack):
            hit = next((label for label, prefixes in PHASES if frame.startswith(prefixes)), None)
            if hit:
                phase = hit
                break
        phases[phase] += 1
        for label, prefixes in AREAS:
            if any(frame.startswith(prefixes) for frame in stack):
                areas[label] += 1
    if total == 0:
        sys.exit("no samples of a jmh-worker thread in " + path)
    print(f"samples of the benchmark thread: {total} (10 ms each){' ; truncated stacks: %d' % truncated if truncated else ''}")
    print("\nphase of the render                                              share")
    for label, n in phases.most_common():
        print(f"  {label:<62} {100.0 * n / total:5.1f} %")
    print("\narea (across phases; may overlap)                                share")
    for label, _ in AREAS:
        if areas[label]:
            print(f"  {label:<62} {100.0 * areas[label] / total:5.1f} %")
    print("\nhot methods (self)                                                                  share")
    for method, n in self_time.most_common(25):
        print(f"  {method[-82:]:<82} {100.0 * n / total:5.1f} %")


if __name__ == "__main__":
    main(sys.argv[1])
