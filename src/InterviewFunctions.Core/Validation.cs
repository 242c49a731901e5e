using System.Globalization;
using System.Net.Mail;
using NodaTime;
using NodaTime.Text;

namespace InterviewFunctions.Core;

/// <summary>Collects field errors, keyed by the field's JSON path (<c>candidate.email</c>, <c>interviewers[1].name</c>).</summary>
public sealed class Validation
{
    public const int ShortText = 200;
    public const int MaxEmail = 254;
    public const int MaxUrl = 2000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>A required piece of text, trimmed; null when missing or too long (and the error recorded).</summary>
    public string? Required(string field, string? value, int maxLength = ShortText)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
            return null;
        }
        return Optional(field, value, maxLength);
    }

    /// <summary>Optional text, trimmed; blank becomes null.</summary>
    public string? Optional(string field, string? value, int maxLength = ShortText)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters (it has {trimmed.Length}).");
            return null;
        }
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            Add(field, $"'{field}' must not contain control characters.");
            return null;
        }
        return trimmed;
    }

    /// <summary>An email address, lower-cased so that scoping and filters compare exactly.</summary>
    public string? Email(string field, string? value)
    {
        var text = Required(field, value, MaxEmail);
        if (text is null)
        {
            return null;
        }
        if (!IsEmail(text))
        {
            Add(field, $"'{field}' must be an email address such as name@example.com.");
            return null;
        }
        return text.ToLowerInvariant();
    }

    public static bool IsEmail(string text)
    {
        if (text.Length > MaxEmail || text.Any(char.IsWhiteSpace) || text.Count(c => c == '@') != 1)
        {
            return false;
        }
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var domain = text[(at + 1)..];
        if (at == 0 || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.'))
        {
            return false;
        }
        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }

    /// <summary>An IANA time zone id known to the tz database, e.g. <c>Europe/Berlin</c>.</summary>
    public string? TimeZone(string field, string? value)
    {
        var text = Required(field, value, 64);
        if (text is null)
        {
            return null;
        }
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(text) is null)
        {
            Add(field, $"'{field}' must be an IANA time zone such as Europe/Berlin or America/New_York; '{text}' is not one.");
            return null;
        }
        return text;
    }

    /// <summary>An instant written with its UTC offset (<c>2026-12-01T10:00:00+01:00</c> or <c>…Z</c>), kept to whole seconds.</summary>
    public DateTimeOffset? Instant(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
            return null;
        }
        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(value.Trim());
        if (!parsed.Success)
        {
            Add(field, $"'{field}' must be an ISO 8601 date and time with a UTC offset, such as 2026-12-01T10:00:00+01:00 or 2026-12-01T09:00:00Z.");
            return null;
        }
        var instant = parsed.Value.ToInstant().ToDateTimeOffset();
        return instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerSecond));
    }

    public string? HttpUrl(string field, string? value)
    {
        var text = Optional(field, value, MaxUrl);
        if (text is null)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Add(field, $"'{field}' must be an absolute http or https URL.");
            return null;
        }
        return text;
    }

    public int? Range(string field, int? value, int min, int max, int? fallback = null)
    {
        if (value is null)
        {
            if (fallback is null)
            {
                Add(field, $"'{field}' is required.");
            }
            return fallback;
        }
        if (value < min || value > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"'{field}' must be between {min} and {max}."));
            return null;
        }
        return value;
    }

    /// <summary>A whole number given as text (a query parameter); the fallback when absent or invalid.</summary>
    public int Count(string field, string? text, int min, int max, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Add(field, $"'{field}' must be a whole number from {min} to {max}.");
            return fallback;
        }
        return value;
    }

    /// <summary>
    /// A filter on several values of an enum, given as repeated query parameters, comma-separated, or both
    /// (<c>?status=open&amp;status=on-hold</c>, <c>?status=open,on-hold</c>); each unknown value is an error.
    /// </summary>
    public List<TEnum> EnumList<TEnum>(string field, IEnumerable<string>? values) where TEnum : struct, System.Enum =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(v => Enum<TEnum>(field, v)).OfType<TEnum>().Distinct().ToList();

    public TEnum? Enum<TEnum>(string field, string? value, bool required = true) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"'{field}' is required; one of: {Interviews.EnumNames.AllWire<TEnum>()}.");
            }
            return null;
        }
        if (!Interviews.EnumNames.TryParseWire<TEnum>(value, out var parsed))
        {
            Add(field, $"'{field}' must be one of: {Interviews.EnumNames.AllWire<TEnum>()}; '{value}' is not.");
            return null;
        }
        return parsed;
    }
}
