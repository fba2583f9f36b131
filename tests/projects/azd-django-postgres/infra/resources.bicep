param name string
param location string = resourceGroup().location
@secure()
param databasePassword string

var prefix = '${name}-${uniqueString(resourceGroup().id)}'

resource appServicePlan 'Microsoft.Web/serverfarms@2022-03-01' = {
  name: '${prefix}-service-plan'
  location: location
  sku: {
    name: 'B1'
  }
  kind: 'linux'
  properties: {
    reserved: true
  }
}

resource web 'Microsoft.Web/sites@2022-03-01' = {
  name: '${prefix}-app-service'
  location: location
  tags: { 'azd-service-name': 'web' }
  kind: 'app,linux'
  properties: {
    serverFarmId: appServicePlan.id
    httpsOnly: true
    siteConfig: {
      alwaysOn: true
      linuxFxVersion: 'PYTHON|3.12'
      ftpsState: 'Disabled'
      appCommandLine: 'entrypoint.sh'
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
      DATABASE_URL: 'postgres://app:${databasePassword}@${prefix}-postgres.postgres.database.azure.com/app'
    }
  }
}

output WEB_URI string = 'https://${web.properties.defaultHostName}'
