package io.cloudwego.kitex.errors;

/**
 * The base of exceptions declared in IDL ({@code throws} clauses). A handler throws one to answer
 * with it; it travels in the result struct of a normal reply, and the caller gets the same type back.
 */
public abstract class IdlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected IdlException(String message) {
        super(message, null, false, false);
    }
}
