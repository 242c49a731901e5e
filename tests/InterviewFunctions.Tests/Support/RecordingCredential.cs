using System.Collections.Concurrent;
using Azure.Core;

namespace InterviewFunctions.Tests.Support;

/// <summary>
/// An Entra ID credential that hands out a token the emulator accepts, and records the scopes asked for, so a test
/// can show that the Cosmos adapter authenticated with a token rather than a key.
/// </summary>
public sealed class RecordingCredential : TokenCredential
{
    public ConcurrentBag<string> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Add(scope);
        }
        return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
