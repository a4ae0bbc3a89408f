namespace MarketWatch.Detection;

/// <summary>The words <see cref="ListingSignals"/> reads, by kind, and the shapes of numbers sellers write.</summary>
internal static class Vocabulary
{
    private static readonly Dictionary<string, ListingSignals.Kind> Words = Build();
    private static readonly Dictionary<string, ListingSignals.Kind>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, ListingSignals.Kind> Build()
    {
        var words = new Dictionary<string, ListingSignals.Kind>();
        void Add(ListingSignals.Kind kind, params string[] list) { foreach (var w in list) words[w] = kind; }
        Add(ListingSignals.Kind.Gb, "gb", "tb");
        Add(ListingSignals.Kind.Ram, "ram", "rom");
        Add(ListingSignals.Kind.Condition, "baru", "bnib", "segel", "second", "seken", "bekas", "mulus", "fullset", "lecet", "minus", "kondisi", "batangan");
        Add(ListingSignals.Kind.Hardware, "kamera", "camera", "baterai", "battery", "mah", "layar", "inch", "inci", "snapdragon", "helio", "dimensity",
            "exynos", "chipset", "prosesor", "processor", "amoled", "nfc", "mp", "hz");
        Add(ListingSignals.Kind.Imei, "imei");
        Add(ListingSignals.Kind.Per, "per", "setiap", "tiap");
        Add(ListingSignals.Kind.Unit, "unit", "hp", "device", "nomor");
        Add(ListingSignals.Kind.Remote, "remote", "remot");
        Add(ListingSignals.Kind.Online, "online");
        Add(ListingSignals.Kind.Kirim, "kirim", "kirimkan", "send");
        Add(ListingSignals.Kind.Tanpa, "tanpa");
        Add(ListingSignals.Kind.Cukup, "cukup");
        Add(ListingSignals.Kind.Injection, "inject", "injek", "injection", "suntik", "tanam", "write");
        Add(ListingSignals.Kind.Jam, "jam", "menit");
        Add(ListingSignals.Kind.Months, "bulanan", "perbulan");
        Add(ListingSignals.Kind.Bulan, "bulan", "bln");
        Add(ListingSignals.Kind.By, "by");
        Add(ListingSignals.Kind.All, "all", "semua", "any");
        Add(ListingSignals.Kind.BrandWord, "brand", "merk", "merek", "tipe", "type");
        Add(ListingSignals.Kind.Stock, "stok", "stock", "ready", "sedia", "tersedia");
        Add(ListingSignals.Kind.RegWord, "aman", "resmi", "official", "bersih", "legal");
        Add(ListingSignals.Kind.Terdaftar, "terdaftar", "teregistrasi", "registered");
        Add(ListingSignals.Kind.Kemenperin, "kemenperin", "beacukai", "kominfo", "kemenkominfo");
        Add(ListingSignals.Kind.Bebas, "bebas");
        Add(ListingSignals.Kind.Blokir, "blokir", "block", "blok");
        foreach (var name in Brands.Names) words.TryAdd(name, ListingSignals.Kind.BrandName);
        return words;
    }

    public static ListingSignals.Kind Kind(ReadOnlySpan<char> w)
    {
        if (Lookup.TryGetValue(w, out var kind)) return kind;
        var digits = 0;
        while (digits < w.Length && char.IsAsciiDigit(w[digits])) digits++;
        if (digits == w.Length) return ListingSignals.Kind.Number;
        if (digits == 0) return w.IndexOfAnyInRange('0', '9') > 0 && w.Length <= 8 ? ListingSignals.Kind.ModelNumber : ListingSignals.Kind.None;   // a15, x6, note13
        var rest = w[digits..];
        if (rest is "gb" or "tb") return ListingSignals.Kind.NumberGb;                                   // 256gb
        if (rest is "bulan" or "bln") return ListingSignals.Kind.Months;                                // 3bulan
        if (rest is "jam") return ListingSignals.Kind.Turnaround;                                       // 24jam
        if (rest.Length > 1 && rest[0] == 'x' && rest[1..].IndexOfAnyExceptInRange('0', '9') < 0) return ListingSignals.Kind.Turnaround;   // 1x24
        return w.Length <= 8 ? ListingSignals.Kind.ModelNumber : ListingSignals.Kind.None;               // 13pro, 5g
    }
}
