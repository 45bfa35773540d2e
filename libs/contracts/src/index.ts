// Contract testing: Pact Broker rules and pacts checked against provider specs. Filled in by issue 5.
export {};
