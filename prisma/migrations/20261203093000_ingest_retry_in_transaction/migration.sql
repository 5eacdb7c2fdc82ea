-- Public ingest writes a self-contained batch in one autocommit statement. When that statement
-- finds it would need follow-up work (roll-ups of traces it did not insert, rows a concurrent
-- batch held), it calls this function: the error aborts the statement, so nothing of it is
-- stored, and the server redoes the batch inside a transaction. SQLSTATE YS001 names the case.
CREATE FUNCTION "yardstick_ingest_retry_in_transaction"() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'YS001', MESSAGE = 'ingest: this batch needs the transactional path';
END;
$$;
