// The Microsoft Graph application permission Calendars.Read for the app's identity: Graph calendar sync
// (GraphCalendarClient) reads users' events and subscribes to their changes with the identity's own token, which
// carries only the app roles assigned to the identity's service principal. Such an assignment is a directory object,
// not an Azure resource, so it goes through the Microsoft Graph Bicep extension (version pinned in
// infra/bicepconfig.json). ARM makes the Graph call as the deploying principal, who therefore needs Privileged Role
// Administrator (the least privileged directory role that may grant Microsoft Graph app roles) or Global
// Administrator; main.bicep's grantGraphCalendarAccess leaves this module out for everyone else.
extension microsoftGraphV1

@description('Object id of the service principal to grant the permission: the user-assigned identity\'s principalId.')
param identityPrincipalId string

// Microsoft Graph's application id, the same in every tenant.
var microsoftGraphAppId = '00000003-0000-0000-c000-000000000000'
// Calendars.Read as an application permission ("Read calendars in all mailboxes"), per the Microsoft Graph
// permissions reference; the delegated Calendars.Read has another id and would not reach a token without a user.
var calendarsReadAppRoleId = '798ee544-9d2d-430c-a058-570e29e34338'

resource microsoftGraph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: microsoftGraphAppId
}

resource calendarsRead 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  principalId: identityPrincipalId
  resourceId: microsoftGraph.id
  appRoleId: calendarsReadAppRoleId
}

output appRoleAssignmentId string = calendarsRead.id
