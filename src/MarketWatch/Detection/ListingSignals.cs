namespace MarketWatch.Detection;

/// <summary>
/// What a listing sells, read as structured evidence beside the bag of words: a phone (memory specs such as
/// 8/256, a brand with a model number, condition and hardware words, a phone's price) or a service or number
/// (per IMEI, via remote, inject, turnaround in hours, months of signal, by brand, from stock). "IMEI
/// terdaftar" means a legal phone in one listing and a registered number for sale in another; words alone
/// cannot tell them apart, the context around them can.
/// </summary>
public static class ListingSignals
{
    /// <summary>Part of every model's version: a model is only valid with the signals it was trained on.</summary>
    public const string Version = "signals-1";

    public enum Signal
    {
        PhoneSpec, PhoneModel, PhoneCondition, PhoneHardware,
        PerImei, Remote, Injection, Turnaround, Months, ByBrand, Stock,
        Registered, ImeiInTitle, ImeiInDescription,
        // Interactions a linear trainer cannot form by itself (trees can): the same reassurance read in two contexts.
        RegisteredPhone, RegisteredNoPhone, PhoneContext, ServiceContext,
        PriceNone, PriceImei, PriceLow, PriceMid, PriceHigh, PricePhone,
    }

    public const int Count = (int)Signal.PricePhone + 1;
    public static IReadOnlyList<string> Names { get; } = Enum.GetNames<Signal>();

    public static float[] Of(string normalizedTitle, string normalizedDescription, long? price)
    {
        var s = new float[Count];
        var scan = new Scan(s);
        scan.Text(normalizedTitle, inTitle: true);
        scan.Text(normalizedDescription, inTitle: false);
        var phone = s[(int)Signal.PhoneSpec] > 0 || s[(int)Signal.PhoneHardware] > 0
            || (price >= 700_000 && (s[(int)Signal.PhoneModel] > 0 || s[(int)Signal.PhoneCondition] > 0));
        var service = s[(int)Signal.PerImei] + s[(int)Signal.Remote] + s[(int)Signal.Injection] + s[(int)Signal.Turnaround]
            + s[(int)Signal.Months] + s[(int)Signal.ByBrand] > 0;
        Set(s, Signal.PhoneContext, phone);
        Set(s, Signal.ServiceContext, service);
        Set(s, Signal.RegisteredPhone, s[(int)Signal.Registered] > 0 && phone);
        Set(s, Signal.RegisteredNoPhone, s[(int)Signal.Registered] > 0 && !phone);
        Set(s, price switch
        {
            null or <= 0 => Signal.PriceNone,
            < 60_000 => Signal.PriceImei,          // IMEI numbers sell for Rp 10-50k
            < 200_000 => Signal.PriceLow,
            < 700_000 => Signal.PriceMid,          // services: 75k to about 1.5m
            < 2_000_000 => Signal.PriceHigh,
            _ => Signal.PricePhone,
        }, true);
        return s;
    }

    private static void Set(float[] s, Signal signal, bool on) { if (on) s[(int)signal] = 1; }

    // One pass over the words (runs of letters and digits), remembering the kinds of the two before and the
    // character that separated them: no regex and no allocation per word, so classify keeps its throughput.
    private ref struct Scan(float[] s)
    {
        private Kind _prev, _prev2;

        public void Text(string text, bool inTitle)
        {
            (_prev, _prev2) = (Kind.None, Kind.None);
            var sep = ' ';
            var i = 0;
            while (i < text.Length)
            {
                if (!char.IsAsciiLetterOrDigit(text[i])) { sep = text[i] == ' ' && sep != ' ' ? sep : text[i]; i++; continue; }
                var start = i;
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) i++;
                var kind = Word(text.AsSpan(start, i - start), sep, inTitle);
                (_prev2, _prev) = (_prev, kind);
                sep = ' ';
            }
        }

        private Kind Word(ReadOnlySpan<char> w, char sep, bool inTitle)
        {
            var kind = Vocabulary.Kind(w);
            switch (kind)
            {
                case Kind.Number when sep == '/' && _prev == Kind.Number: On(Signal.PhoneSpec); break;                 // 8/256
                case Kind.NumberGb or Kind.Ram: On(Signal.PhoneSpec); break;
                case Kind.Gb when _prev == Kind.Number: On(Signal.PhoneSpec); break;
                case Kind.ModelNumber or Kind.Number when _prev == Kind.BrandName || _prev2 == Kind.BrandName: On(Signal.PhoneModel); break;
                case Kind.Condition: On(Signal.PhoneCondition); break;
                case Kind.Hardware: On(Signal.PhoneHardware); break;
                case Kind.Imei:
                    On(inTitle ? Signal.ImeiInTitle : Signal.ImeiInDescription);
                    if (_prev is Kind.Per || sep == '/') On(Signal.PerImei);
                    if (_prev is Kind.Kirim || _prev2 is Kind.Kirim) On(Signal.Remote);
                    if (_prev is Kind.Stock) On(Signal.Stock);
                    break;
                case Kind.Unit when _prev == Kind.Per: On(Signal.PerImei); break;
                case Kind.Remote or Kind.Online: On(Signal.Remote); break;
                case Kind.Kirim when _prev is Kind.Tanpa or Kind.Cukup: On(Signal.Remote); break;
                case Kind.Injection: On(Signal.Injection); break;
                case Kind.Turnaround: On(Signal.Turnaround); break;
                case Kind.Jam when _prev == Kind.Number: On(Signal.Turnaround); break;
                case Kind.Months: On(Signal.Months); break;
                case Kind.Bulan when _prev is Kind.Number or Kind.Per: On(Signal.Months); break;
                case Kind.BrandWord when _prev is Kind.By or Kind.Per or Kind.All: On(Signal.ByBrand); break;
                case Kind.Stock when _prev == Kind.Imei: On(Signal.Stock); break;
                case Kind.RegWord or Kind.Terdaftar when _prev == Kind.Imei || _prev2 == Kind.Imei: On(Signal.Registered); break;
                case Kind.Kemenperin when _prev == Kind.Terdaftar || _prev2 == Kind.Terdaftar: On(Signal.Registered); break;
                case Kind.Blokir when _prev == Kind.Bebas: On(Signal.Registered); break;
            }
            return kind;
        }

        private readonly void On(Signal signal) => s[(int)signal] = 1;
    }

    internal enum Kind
    {
        None, Number, NumberGb, ModelNumber, Gb, Ram, BrandName, Condition, Hardware, Imei, Per, Unit, Remote, Online, Kirim,
        Tanpa, Cukup, Injection, Turnaround, Jam, Months, Bulan, By, All, BrandWord, Stock, RegWord, Terdaftar, Kemenperin, Bebas, Blokir,
    }
}
