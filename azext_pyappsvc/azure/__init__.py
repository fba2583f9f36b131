"""Every call that leaves the process: ARM through azure-mgmt-web, Kudu, the site itself; a host cache."""
