using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>Webhook signature checks: HMAC-SHA256 over the raw bytes received, compared in constant time.</summary>
public static class WebhookSignatures
{
    /// <summary>Cal.com: <c>X-Cal-Signature-256</c> is the hex HMAC-SHA256 of the raw body, keyed with the webhook's secret.</summary>
    public static bool IsValidCalcom(string? header, ReadOnlySpan<byte> body, string secret)
    {
        if (string.IsNullOrEmpty(header) || header == CalendarConnectionsApi.CalcomNoSecret || !TryHex(header, out var presented))
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    public enum CalendlyVerdict
    {
        Valid,
        Missing,
        Malformed,
        Mismatch,
        OutsideTolerance,
    }

    /// <summary>
    /// Calendly: <c>Calendly-Webhook-Signature: t=UNIX,v1=HEX</c>, v1 the hex HMAC-SHA256 of <c>"{t}.{raw body}"</c> keyed with the
    /// signing key; a timestamp further than <paramref name="tolerance"/> from now is a replay.
    /// </summary>
    public static CalendlyVerdict CheckCalendly(string? header, ReadOnlySpan<byte> body, string signingKey, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return CalendlyVerdict.Missing;
        }
        string? t = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return CalendlyVerdict.Malformed;
            }
            var (key, value) = (part[..eq], part[(eq + 1)..]);
            if (key == "t")
            {
                t = value;
            }
            else if (key == "v1" && TryHex(value, out var bytes))
            {
                signatures.Add(bytes);
            }
        }
        if (t is null || signatures.Count == 0 || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return CalendlyVerdict.Malformed;
        }
        var signed = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t, signed);
        signed[t.Length] = (byte)'.';
        body.CopyTo(signed.AsSpan(t.Length + 1));
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), signed);
        var matched = false;
        foreach (var signature in signatures)
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }
        if (!matched)
        {
            return CalendlyVerdict.Mismatch;
        }
        // Checked after the signature, so that an unsigned request learns nothing about our clock.
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        return age.Duration() > tolerance ? CalendlyVerdict.OutsideTolerance : CalendlyVerdict.Valid;
    }

    /// <summary>Graph's clientState and Google's channel token: secrets we chose, echoed back; compared in constant time.</summary>
    public static bool SecretEquals(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != 64)
        {
            return false;
        }
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
