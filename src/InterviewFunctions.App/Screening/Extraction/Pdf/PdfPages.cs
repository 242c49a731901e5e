namespace InterviewFunctions.App.Screening.Extraction.Pdf;

/// <summary>A leaf of the page tree with the attributes it inherits (ISO 32000-1 §7.7.3.4) already applied.</summary>
internal sealed record PdfPage(PdfDictionary Dictionary, PdfDictionary? Resources, PdfArray? MediaBox, PdfArray? CropBox, int Rotate)
{
    /// <summary>The page's content: one stream, or an array of streams joined at token boundaries by a newline.</summary>
    public byte[] Content()
    {
        switch (Dictionary["Contents"])
        {
            case PdfStream single:
                return single.Decode() ?? [];
            case PdfArray parts:
                using (var joined = new MemoryStream())
                {
                    for (var i = 0; i < parts.Count; i++)
                    {
                        if (parts[i] is PdfStream part && part.Decode() is { } data)
                        {
                            joined.Write(data);
                            joined.WriteByte((byte)'\n');
                        }
                    }
                    return joined.ToArray();
                }
            default:
                return [];
        }
    }
}

internal sealed partial class PdfFile
{
    /// <summary>
    /// The first <paramref name="max"/> pages in order, and how many the document has. The walk is iterative, skips
    /// nodes already seen (a /Kids cycle) and stops after a bounded number of nodes.
    /// </summary>
    public List<PdfPage> Pages(int max, out int total)
    {
        var pages = new List<PdfPage>();
        total = 0;
        if (Catalog.Dictionary("Pages") is not { } root)
        {
            return pages;
        }
        var visited = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(PdfDictionary Node, PdfPage Inherited, int Depth)>();
        pending.Push((root, new PdfPage(root, null, null, null, 0), 0));
        var nodes = 0;
        while (pending.Count > 0 && nodes++ < PdfLimits.MaxPageTreeNodes)
        {
            var (node, inherited, depth) = pending.Pop();
            if (!visited.Add(node))
            {
                continue;
            }
            var attributes = inherited with
            {
                Dictionary = node,
                Resources = node.Dictionary("Resources") ?? inherited.Resources,
                MediaBox = node.Array("MediaBox") ?? inherited.MediaBox,
                CropBox = node.Array("CropBox") ?? inherited.CropBox,
                Rotate = node["Rotate"] is double rotate ? (int)rotate : inherited.Rotate,
            };
            if (node.Array("Kids") is { } kids && node.Name("Type") != "Page")
            {
                if (depth >= PdfLimits.MaxNesting)
                {
                    continue;
                }
                for (var i = kids.Count - 1; i >= 0; i--)
                {
                    if (kids[i] is PdfDictionary kid)
                    {
                        pending.Push((kid, attributes, depth + 1));
                    }
                }
                continue;
            }
            total++;
            if (pages.Count < max)
            {
                pages.Add(attributes);
            }
            else if (root.Number("Count") is var declared && declared >= total && declared < PdfLimits.MaxPageTreeNodes)
            {
                // Past the pages we read: the root's /Count says how many there are, when it is believable.
                total = (int)declared;
                break;
            }
        }
        return pages;
    }
}
