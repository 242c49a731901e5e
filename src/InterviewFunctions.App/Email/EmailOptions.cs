namespace InterviewFunctions.App.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>outbox</c> (the default: files under the data directory), <c>smtp</c> or <c>acs</c> (Communication Services).</summary>
    public string Provider { get; set; } = "outbox";

    /// <summary>The sender address. For Communication Services it must be a MailFrom address of a connected domain.</summary>
    public string From { get; set; } = "interviews@localhost.test";

    public string FromName { get; set; } = "Interview Functions";

    public SmtpEmailOptions Smtp { get; set; } = new();

    public AcsEmailOptions Acs { get; set; } = new();
}

public sealed class SmtpEmailOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary>STARTTLS on the connection (System.Net.Mail does not speak implicit TLS on port 465).</summary>
    public bool EnableSsl { get; set; }

    /// <summary>Leave empty for a relay that needs no login.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class AcsEmailOptions
{
    /// <summary><c>endpoint=https://….communication.azure.com/;accesskey=…</c>: HMAC authentication with the access key.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The resource endpoint alone: Entra ID (managed identity, or the developer's login locally).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The Email REST API version; 2023-03-31 is the first GA version and is still supported.</summary>
    public string ApiVersion { get; set; } = "2023-03-31";

    /// <summary>How long to wait between status polls when the service does not say (<c>retry-after</c>).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Tries per request when the service answers 429 or 5xx, or cannot be reached.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first back-off delay after a failed try when the service gives no <c>retry-after</c>; it doubles per try.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest one send may take, retries and polling included; after it the send fails as transient.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);
}
