namespace InterviewFunctions.Core.Evaluation;

/// <summary>Where a tenant's evaluations live: one by id, or the latest of a subject. Every call names the tenant.</summary>
public interface IEvaluationStore
{
    Task<InterviewEvaluation?> FindAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>The subject's most recently created evaluation, or null.</summary>
    Task<InterviewEvaluation?> FindLatestAsync(string tenantId, EvaluationSubject subject, string subjectId, CancellationToken cancellationToken);

    /// <returns>The stored evaluation with its ETag.</returns>
    /// <exception cref="EvaluationAlreadyExistsException">An evaluation with this id exists in the tenant.</exception>
    Task<InterviewEvaluation> CreateAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken);

    /// <summary>Replaces the evaluation if its stored ETag still equals <see cref="InterviewEvaluation.ETag"/>.</summary>
    /// <exception cref="StaleEvaluationException">It changed (or was deleted) since it was read.</exception>
    Task<InterviewEvaluation> ReplaceAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken);

    /// <summary>Records an Idempotency-Key's claim unless an unexpired one of its key stands; returns the claim that stands.</summary>
    Task<Jobs.CreateClaim> ClaimCreateAsync(Jobs.CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Unsettled evaluations of every tenant whose queue message went out before <paramref name="sentBefore"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<InterviewEvaluation>> ListPendingAsync(DateTimeOffset sentBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Erases every evaluation of the subject (with its transcript); returns how many there were.</summary>
    Task<int> DeleteForSubjectAsync(string tenantId, EvaluationSubject subject, string subjectId, CancellationToken cancellationToken);
}

public sealed class EvaluationAlreadyExistsException(string id) : Exception($"Evaluation '{id}' already exists.");

public sealed class StaleEvaluationException(string id) : Exception($"Evaluation '{id}' changed since it was read.");
