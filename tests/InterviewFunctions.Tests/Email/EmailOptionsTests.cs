using System.Text.Json.Nodes;
using InterviewFunctions.App.Email;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Email;

/// <summary>A wrong email configuration stops the app at start with a message that names the key to fix.</summary>
public sealed class EmailOptionsTests
{
    [Theory]
    [InlineData("Email:Provider", "pigeon", "Email:Provider must be 'outbox', 'smtp' or 'acs'; it is 'pigeon'.")]
    [InlineData("Email:From", "not-an-address", "Email:From must be an email address")]
    public void A_bad_setting_fails_at_start(string key, string value, string message)
    {
        using var app = new TestApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp", null, "Email:Provider 'smtp' needs Email:Smtp:Host.")]
    [InlineData("acs", null, "needs Email:Acs:ConnectionString (access key) or Email:Acs:Endpoint (Entra ID)")]
    [InlineData("acs", "endpoint=https://x.communication.azure.com/", "Email:Acs:ConnectionString must have the form")]
    [InlineData("acs", "endpoint=https://x.communication.azure.com/;accesskey=%%%", "is not base64")]
    [InlineData("acs", "endpoint=ftp://x/;accesskey=AAAA", "must be an absolute https URL")]
    public void A_provider_without_what_it_needs_fails_at_start(string provider, string? connectionString, string message)
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["Email:Provider"] = provider, ["Email:Acs:ConnectionString"] = connectionString });

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("%%%", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_settings_example_lists_every_email_key()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.json.example")))!["Values"]!.AsObject();
        var expected = Keys("Email", typeof(EmailOptions))
            .Where(k => k is not ("Email__Smtp" or "Email__Acs"))
            .Concat(Keys("Email__Smtp", typeof(SmtpEmailOptions)))
            .Concat(Keys("Email__Acs", typeof(AcsEmailOptions)))
            .ToList();

        Assert.Equal(16, expected.Count);
        Assert.DoesNotContain(expected, k => !example.ContainsKey(k));
        Assert.Equal("outbox", (string)example["Email__Provider"]!);
    }

    private static IEnumerable<string> Keys(string section, Type options) =>
        options.GetProperties().Where(p => p.CanWrite).Select(p => $"{section}__{p.Name}");
}
