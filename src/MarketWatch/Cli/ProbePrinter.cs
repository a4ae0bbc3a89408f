using MarketWatch.Crawling;
using MarketWatch.Marketplaces;

namespace MarketWatch.Cli;

/// <summary>The probe's report as text: capture, selectors, fields, a sample, what is missing, and the verdict.</summary>
internal static class ProbePrinter
{
    public static void Print(MarketplaceProfile profile, ProbeReport report, FetchedPage fetched)
    {
        var page = report.Page;
        if (profile.Capture is { } rule)
        {
            Console.WriteLine($"capture     rule: URL ~ {rule.UrlPattern}" + (rule.Operations.Count > 0 ? $", operation {string.Join(" or ", rule.Operations)}" : ""));
            foreach (var c in page.Captures ?? [])
            {
                Console.WriteLine($"  matched   HTTP {c.Status} {c.Url}" + (c.Operation is null ? "" : $" ({c.Operation})") + $", {c.Bytes / 1024.0:0.0} KiB");
                if (c.Error is not null) Console.WriteLine($"            {c.Error}");
                foreach (var count in c.ItemCounts) Console.WriteLine($"            {count.Path}: {count.Items} item(s)");
            }
            if ((page.Captures ?? []).Count == 0)
            {
                Console.WriteLine("  NO MATCH  no fetch/XHR response of the page matched the rule");
                foreach (var other in fetched.OtherRequests.Take(15)) Console.WriteLine($"  seen      {other}");
                if (fetched.OtherRequests.Count == 0) Console.WriteLine("  seen      no other fetch/XHR response either");
            }
            if (report.CaptureFields.All(f => f.Of == 0)) Console.WriteLine("  fields    not tried: no products were captured");
            else foreach (var f in report.CaptureFields) Console.WriteLine(Line(f));
        }
        else Console.WriteLine("capture     none configured (profile key Capture)");

        Console.WriteLine("selectors");
        foreach (var s in report.Selectors) Console.WriteLine(Line(s));

        Console.WriteLine(report.BlockedBy is { } blocked
            ? $"BLOCKED     the page is a block or captcha page: {(blocked.StartsWith("title ", StringComparison.Ordinal) ? "BlockedTitles " + blocked : $"BlockedMarker '{blocked}'")} matched; nothing is counted as listings"
            : "blocked     no block or captcha marker seen");
        Console.WriteLine($"source      {page.Source switch
        {
            ListingSource.Capture => "captured API response",
            ListingSource.Embedded => "JSON embedded in the page",
            ListingSource.Dom => "DOM cards",
            _ => "none",
        }}: {page.Listings.Count} listing(s)");
        foreach (var l in page.Listings.Take(3))
            Console.WriteLine($"  sample    {l.Title} | {(l.PriceIdr is { } p ? "Rp" + p.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.') : "no price")} | {l.Shop ?? "no shop"} | {l.ProductId} | {l.Url}");
        foreach (var m in report.Missing) Console.WriteLine($"missing     {m}");
        foreach (var problem in page.Problems.Take(10)) Console.WriteLine($"problem     {problem}");
        Console.WriteLine($"result      {page.Kind switch
        {
            PageKind.Listings => $"OK: {page.Listings.Count} listing(s) read",
            PageKind.NoResults => "no results (the NoResultsMarker matched)",
            PageKind.Blocked => "BLOCKED: a block or captcha page",
            _ => "EXTRACTOR BROKEN: " + (page.Problems.FirstOrDefault() ?? "nothing extracted"),
        }}");
    }

    private static string Line(ProbeLine l)
    {
        var verdict = l.Of == 0 && l.Found == 0 ? "MATCHED NOTHING" : l.Found == l.Of ? $"{l.Found} of {l.Of}" : $"{l.Found} of {l.Of}, {l.Of - l.Found} EMPTY";
        if (l.Name is "NoResultsMarker" or "BlockedMarker" or "SponsoredMarker" or "Card") verdict = $"{l.Found} node(s)";
        var first = l.First is null ? "" : $"  first: {(l.First.Length > 60 ? l.First[..60] + "…" : l.First)}";
        return $"  {l.Name,-28} {Quote(l.Rule),-48} {verdict}{first}";
    }

    private static string Quote(string rule) => "'" + (rule.Length > 46 ? rule[..45] + "…" : rule) + "'";
}
