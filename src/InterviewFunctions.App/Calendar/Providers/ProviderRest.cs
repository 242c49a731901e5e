using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>What the Graph and Google REST clients share: a bearer-token JSON request, and a JSON object read from the answer.</summary>
internal static class ProviderRest
{
    public static async Task<HttpRequestMessage> RequestAsync(
        TokenCredential credential, string scope, HttpMethod method, string url, JsonObject? body, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return request;
    }

    /// <param name="provider">The provider as named in errors ("Graph", "Google").</param>
    /// <param name="what">What was asked, as in "Graph refused to {what}".</param>
    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, string provider, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CalendarProviderException($"{provider} refused to {what}: {(int)response.StatusCode}.");
        }
        try
        {
            return JsonNode.Parse(text)?.AsObject() ?? throw new CalendarProviderException($"{provider} answered an empty body to {what}.");
        }
        catch (JsonException e)
        {
            throw new CalendarProviderException($"{provider} answered something other than JSON to {what}.", e);
        }
    }
}
