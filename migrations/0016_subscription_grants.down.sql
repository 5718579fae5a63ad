DROP TABLE IF EXISTS subscription_grants;
