"""Plans: the annual target, its decomposition, versions, scenarios and their audit trail."""
