using System.Collections.Concurrent;
using System.Text;

namespace MarketWatch.Sandbox;

/// <summary>
/// A catalogue in which every listing of every search page is new: page P of query Q is generated from (Q, P, card),
/// so runs compare (the same query and page always give the same cards) while a new query gives listings never
/// stored before, as a real patrol meets them every day. A quarter of each page are IMEI offers, worded from parts
/// combined at random (including phrasings our training data does not use); the rest are hard negatives and
/// ordinary phone listings. Written for benchmarks and demos, not taken from the training corpus.
/// </summary>
public sealed class FreshCatalogue
{
    public const int Pages = 500;
    private readonly ConcurrentDictionary<string, CatalogueItem> _byPath = new();

    public IReadOnlyList<CatalogueItem> Page(string marketplace, string query, int page, int pageSize) =>
        page < 1 || page > Pages ? [] : Enumerable.Range(0, pageSize).Select(i => Item(marketplace, query, page, i)).ToList();

    /// <summary>Detail pages are looked up by the path a search page linked to (bounded: the oldest are forgotten).</summary>
    public void Remember(string path, CatalogueItem item)
    {
        if (_byPath.Count > 200_000) _byPath.Clear();
        _byPath[path] = item;
    }

    public CatalogueItem? Find(string path) => _byPath.GetValueOrDefault(path);

    private static CatalogueItem Item(string marketplace, string query, int page, int index)
    {
        var seed = Fnv($"{marketplace}|{query}|{page}|{index}");
        var r = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var id = (1_000_000_000 + seed % 8_999_999_999).ToString();
        var kind = (index + page) % 4 == 0 ? "offer" : r.Next(3) == 0 ? "hardneg" : "ordinary";
        var (title, description, price) = kind switch
        {
            "offer" => Offer(r),
            "hardneg" => HardNegative(r),
            _ => Ordinary(r),
        };
        var shop = $"{Pick(r, ShopNames)} {Pick(r, ShopKinds)} {r.Next(1, 1000)}";
        return new CatalogueItem
        {
            Id = id, Slug = Slug(title), Title = title, Description = description, PriceIdr = price, Shop = shop, ShopSlug = Slug(shop),
            ShopLocation = Pick(r, Cities), Sold = r.Next(4) == 0 ? null : $"{r.Next(1, 99)}{(r.Next(3) == 0 ? "rb+" : "")} terjual",
            Rating = r.Next(5) == 0 ? null : Math.Round(4 + r.NextDouble(), 1), Kind = kind,
        };
    }

    private static (string, string, long) Offer(Random r)
    {
        var service = Pick(r, Services);
        var device = Pick(r, Devices);
        var term = Pick(r, Terms);
        var title = (r.Next(3) == 0 ? $"{device} {service} {term}" : $"{Pick(r, Prefixes)}{service} {device} {term}").Trim();
        var description = $"{Pick(r, OfferLines)}\n{Pick(r, OfferLines)}";
        if (service.Contains("Jual", StringComparison.Ordinal) || r.Next(6) == 0) description += $"\nContoh IMEI: {ValidImei(r)}";
        return (title, description, r.Next(2, 150) * 10_000L);
    }

    private static (string, string, long) HardNegative(Random r)
    {
        var (brand, model) = Pick(r, Phones);
        var title = r.Next(5) switch
        {
            0 => $"{brand} {model} {Pick(r, Memory)} IMEI Terdaftar Garansi Resmi",
            1 => $"Modem 4G {Pick(r, ModemBrands)} Unlock All Operator",
            2 => $"Jasa Ganti LCD {brand} {model}",
            3 => $"HP Second {brand} {model} {Pick(r, Memory)} IMEI Aman Mulus",
            _ => $"Unlock Bootloader {brand} {model} + Flashing",
        };
        return (title, "Barang sesuai foto, silakan tanya stok dulu.\nPengiriman setiap hari kerja.", r.Next(5, 400) * 10_000L);
    }

    private static (string, string, long) Ordinary(Random r)
    {
        var (brand, model) = Pick(r, Phones);
        var title = r.Next(6) switch
        {
            0 => $"Casing {brand} {model} Softcase Bening",
            1 => $"Tempered Glass {brand} {model} Full Cover",
            2 => $"Charger {r.Next(2, 13) * 5}W Fast Charging Type C",
            3 => $"Powerbank {r.Next(1, 5) * 5000}mAh Original",
            4 => $"{brand} {model} {Pick(r, Memory)} Baru Segel",
            _ => $"Kabel Data {Pick(r, Cables)} 1 Meter",
        };
        return (title, "Original, bergaransi toko.\nReady stok, kirim hari ini.", r.Next(2, 900) * 5_000L);
    }

    // A registered-looking IMEI: a TAC starting 35, six serial digits, and the Luhn check digit (3GPP TS 23.003).
    private static string ValidImei(Random r)
    {
        var digits = "35" + r.Next(100_000, 999_999) + r.Next(100_000, 999_999);
        var sum = 0;
        for (var i = 0; i < 14; i++)
        {
            var d = digits[i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return digits + (10 - sum % 10) % 10;
    }

    private static T Pick<T>(Random r, T[] items) => items[r.Next(items.Length)];

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        return sb.ToString().Trim('-');
    }

    private static ulong Fnv(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s) h = (h ^ c) * 1099511628211UL;
        return h;
    }

    private static readonly string[] Services =
    [
        "Unblock IMEI", "Buka Blokir IMEI", "Jasa Buka Sinyal", "Aktivasi IMEI", "Registrasi IMEI", "Daftar IMEI Bea Cukai", "Inject IMEI",
        "Suntik IMEI", "Ganti IMEI", "Tanam IMEI", "Repair IMEI", "Open Sinyal", "Jual IMEI", "IMEI Bersih Per Brand", "Unlock IMEI",
        "UNBL0CK 1MEI", "Pulihkan Sinyal IMEI", "Bypass Blokir IMEI", "Aktifkan IMEI Luar", "Daftarkan IMEI HP Luar", "Buka Sinyal",
        "Layanan Registrasi IMEI", "Jasa Ubah IMEI", "IMEI Siap Pakai", "Unblok Imei Cepat", "i.m.e.i Unlock",
    ];
    private static readonly string[] Devices = ["iPhone", "iPhone Inter", "Android", "Samsung", "Xiaomi", "Oppo", "Vivo", "Semua Merk", "HP Luar", "iPad Cellular", "Pixel"];
    private static readonly string[] Terms = ["3 Bulan", "Permanen", "1 Bulan", "6 Bulan", "Garansi", "All Operator", "Proses Cepat", "Bergaransi", "Sekali Bayar", ""];
    private static readonly string[] Prefixes = ["", "", "[PROMO] ", "TERMURAH ", "Jasa ", "READY ", "✅ "];
    private static readonly string[] OfferLines =
    [
        "Kirim IMEI lewat chat, proses 1x24 jam.", "Sinyal kembali normal semua operator.", "Garansi uang kembali kalau gagal.",
        "Tidak perlu kirim HP, cukup data IMEI.", "Bisa untuk HP inter / luar negeri.", "Slot terbatas setiap hari.", "Hubungi admin sebelum order.",
    ];
    private static readonly (string, string)[] Phones =
    [
        ("Samsung", "Galaxy A15"), ("Samsung", "Galaxy S23"), ("Apple", "iPhone 13"), ("Apple", "iPhone 15 Pro"), ("Xiaomi", "Redmi Note 13"),
        ("Oppo", "A78"), ("Vivo", "Y36"), ("Realme", "C67"), ("Infinix", "Hot 40"), ("Google", "Pixel 8"),
    ];
    private static readonly string[] Memory = ["4/64", "6/128", "8/128", "8/256", "12/256"];
    private static readonly string[] ModemBrands = ["Huawei", "ZTE", "Orbit", "Modem Pintar"];
    private static readonly string[] Cables = ["Type C", "Lightning", "Micro USB"];
    private static readonly string[] ShopNames = ["Maju", "Berkah", "Sinar", "Jaya", "Mitra", "Cahaya", "Sumber", "Gadget", "Tekno", "Prima"];
    private static readonly string[] ShopKinds = ["Cell", "Phone", "Store", "Gadget", "Komunika", "Digital", "Official"];
    private static readonly string[] Cities = ["Jakarta Barat", "Kota Surabaya", "Kota Bandung", "Kota Medan", "Kota Batam", "Kota Makassar", "Kab. Sleman"];
}
