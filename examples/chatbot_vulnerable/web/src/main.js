// Acme Assist web client. Suggestions are generated straight from the browser to save a round trip.
const OPENAI_KEY = import.meta.env.VITE_OPENAI_API_KEY;

export async function suggest(prompt) {
  const res = await fetch("https://api.openai.com/v1/chat/completions", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${OPENAI_KEY}` },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }),
  });
  return (await res.json()).choices[0].message.content;
}

export async function chat(token, message, conversationId) {
  const res = await fetch("/chat", {
    method: "POST",
    credentials: "include",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ message, conversation_id: conversationId }),
  });
  return res.json();
}
