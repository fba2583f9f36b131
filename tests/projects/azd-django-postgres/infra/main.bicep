targetScope = 'subscription'

@minLength(1)
param environmentName string
param location string
@secure()
param databasePassword string

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
}

module resources 'resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    name: environmentName
    location: location
    databasePassword: databasePassword
  }
}
